// The Administration workspace: people, devices, enrolment grants, approvals,
// the access review, admin alerts, security training, desk updates, the
// assessor's evidence pack and the wrap-up lists as tabs (Alt+1..9 and Alt+0).
// Main refuses every admin channel to anyone without the admin role; App only
// mounts this for admins.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { AccessReviewTab } from '../components/admin/AccessReviewTab.tsx';
import { AdminAlertsTab } from '../components/admin/AdminAlertsTab.tsx';
import { ApprovalsTab } from '../components/admin/ApprovalsTab.tsx';
import { DevicesTab } from '../components/admin/DevicesTab.tsx';
import { EnrolmentGrantsTab } from '../components/admin/EnrolmentGrantsTab.tsx';
import { EvidenceTab } from '../components/admin/EvidenceTab.tsx';
import { PeopleTab } from '../components/admin/PeopleTab.tsx';
import { TrainingTab } from '../components/admin/TrainingTab.tsx';
import { WrapupTab } from '../components/admin/WrapupTab.tsx';
import { UpdatesTab } from '../components/admin/UpdatesTab.tsx';

const TABS = [
  { id: 'people', label: 'People', Panel: PeopleTab },
  { id: 'devices', label: 'Devices', Panel: DevicesTab },
  { id: 'review', label: 'Access review', Panel: AccessReviewTab },
  { id: 'alerts', label: 'Alerts', Panel: AdminAlertsTab },
  { id: 'enrolment', label: 'Enrolment', Panel: EnrolmentGrantsTab },
  { id: 'approvals', label: 'Approvals', Panel: ApprovalsTab },
  { id: 'training', label: 'Training', Panel: TrainingTab },
  { id: 'updates', label: 'Updates', Panel: UpdatesTab },
  { id: 'evidence', label: 'Evidence', Panel: EvidenceTab },
  { id: 'wrapup', label: 'Wrap-up', Panel: WrapupTab },
] as const;

export function AdminView() {
  const [current, setCurrent] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (index: number) => {
    setCurrent(index);
    tabs.current[index]?.focus();
  };
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      // Alt+1..9 and Alt+0 for the tenth, as the digit row reads.
      const digit = Number(event.key);
      const index = digit === 0 ? 9 : digit - 1;
      if (event.altKey && !event.ctrlKey && !event.metaKey && index >= 0 && index < TABS.length) {
        event.preventDefault();
        select(index);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const arrows = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') select((current + 1) % TABS.length);
    else if (event.key === 'ArrowLeft') select((current + TABS.length - 1) % TABS.length);
  };
  const tab = TABS[current] ?? TABS[0];
  return (
    <main className="admin" aria-label="Administration">
      <h1>Administration</h1>
      <div role="tablist" aria-label="Administration" className="tabs" onKeyDown={arrows}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`admin-tab-${t.id}`}
            aria-selected={i === current}
            aria-controls={`admin-panel-${t.id}`}
            aria-keyshortcuts={i < 10 ? `Alt+${(i + 1) % 10}` : undefined}
            tabIndex={i === current ? 0 : -1}
            ref={(el) => { tabs.current[i] = el; }}
            onClick={() => select(i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`admin-panel-${tab.id}`} aria-labelledby={`admin-tab-${tab.id}`} className="card">
        <tab.Panel />
      </div>
    </main>
  );
}
