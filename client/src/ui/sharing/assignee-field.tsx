import type { Person } from '../../sharing/memberships';

/**
 * [SC7] The editor's "Assigned to" of a task in a shared list: nobody, or the list's owner or one of its editors (by
 * e-mail, the user marked "(me)"), as the device last knew them; an assignee no longer among them stays chosen, as
 * "Former member", until changed. In the sharing chunk: only shared lists need it.
 */
export default function AssigneeField(props: {
  value: string | null;
  people: readonly Person[];
  me: string;
  onChange: (assignee: string | null) => void;
}) {
  const { value, people } = props;
  return (
    <>
      <label htmlFor="edit-assignee">Assigned to</label>
      <select id="edit-assignee" value={value ?? ''} onChange={(event) => props.onChange(event.target.value || null)}>
        <option value="">Nobody</option>
        {people.map((person) => (
          <option key={person.userId} value={person.userId}>
            {person.email}
            {person.userId === props.me ? ' (me)' : ''}
          </option>
        ))}
        {value !== null && !people.some((person) => person.userId === value) && <option value={value}>Former member</option>}
      </select>
    </>
  );
}
