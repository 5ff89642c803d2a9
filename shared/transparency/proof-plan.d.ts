import { type NodeId } from './tree-geometry.ts';
/** One entry per proof hash, in proof order: the complete subtrees whose right fold is that hash. */
export type ProofPlan = readonly (readonly NodeId[])[];
export declare function inclusionPlan(leafIndex: number, treeSize: number): ProofPlan;
export declare function consistencyPlan(fromSize: number, toSize: number): ProofPlan;
/** Every distinct subtree a plan reads, so a store can fetch them in one query. */
export declare function planNodes(plan: ProofPlan): NodeId[];
export declare function nodeKey(node: NodeId): string;
