import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** `linked`, `conflict`, `unlinked`: the item's issue in a tracker (libs/trackers). */
export const ACTION_ITEM_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'linked',
  'conflict',
  'unlinked',
] as const;
export type ActionItemAction = (typeof ACTION_ITEM_ACTIONS)[number];

/** Who created, changed or deleted an action item, and what changed (kept after a deletion). */
@Entity('action_item_activity')
@Index(['postmortemId', 'createdAt'])
export class ActionItemActivityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postmortemId!: string;

  /** No foreign key: the entry outlives a deleted item. */
  @Column('uuid')
  actionItemId!: string;

  /** The item's title when it happened. */
  @Column('text')
  title!: string;

  @Column('text')
  action!: ActionItemAction;

  /** The caller (e-mail, else display name). */
  @Column('text')
  actor!: string;

  /** Changed fields: `{ field: { from, to } }` (owners by user id and name). */
  @Column('jsonb', { default: {} })
  changes!: Record<string, { from: unknown; to: unknown }>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
