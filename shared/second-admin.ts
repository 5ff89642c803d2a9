// Separation of duties (PCI DSS 7.2, 8.2; issue 21): which role changes need a
// second admin's approval. Making someone an admin, and giving an admin a role
// that reads cardholder data, are the changes an insider with one admin
// account would make to a second account of his own. The gateway decides with
// this inside the change's transaction; the desk uses it to offer a request.
import { permissionsOf, type Role } from './roles.ts';

/** Whether a role set reaches customer data (a lookup or a read). */
const readsCustomers = (roles: readonly Role[]): boolean => {
  const granted = permissionsOf(roles);
  return granted.has('customers.lookup') || granted.has('customers.read');
};

/**
 * Whether going from `before` (null: a new account) to `after` needs a second admin: `admin` granted, or a
 * customer-data role granted to an account that is an admin before or after the change.
 */
export function needsSecondAdmin(before: readonly Role[] | null, after: readonly Role[]): boolean {
  const held = before ?? [];
  const grantsAdmin = after.includes('admin') && !held.includes('admin');
  const wasOrIsAdmin = held.includes('admin') || after.includes('admin');
  const grantsCustomerData = readsCustomers(after) && !readsCustomers(held);
  return grantsAdmin || (wasOrIsAdmin && grantsCustomerData);
}
