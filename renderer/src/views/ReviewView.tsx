// The review workspace (issue 26): the daily log review queue for supervisors
// and security reviewers, and the open control-failure incidents for them and
// for admins. It shows findings and incidents, never customer data.
import { can, type Role } from '../../../shared/roles.ts';
import { IncidentsPanel } from '../components/review/IncidentsPanel.tsx';
import { ReviewQueue } from '../components/review/ReviewQueue.tsx';

export function ReviewView({ roles }: { roles: readonly Role[] }) {
  return (
    <div className="review-view">
      {can(roles, 'review.read') && <ReviewQueue canSignOff={can(roles, 'review.signOff')} />}
      {can(roles, 'incidents.read') && <IncidentsPanel canClose={can(roles, 'incidents.close')} />}
    </div>
  );
}
