import type { DueInputs } from '../tasks/due-date';

/** [ED1] Due date, and an optional time in the device's zone (the zone is named, so a traveller knows which clock it is). */
export function DueFields(props: { value: DueInputs; timeZone: string; onChange: (value: DueInputs) => void; note: string | null }) {
  const { value, onChange } = props;
  return (
    <fieldset className="due-fields">
      <legend>Due</legend>
      <div className="row">
        <div>
          <label htmlFor="edit-due-date">Date</label>
          <input id="edit-due-date" type="date" value={value.date} onChange={(e) => onChange({ ...value, date: e.target.value })} />
        </div>
        <div>
          <label htmlFor="edit-due-time">Time (optional)</label>
          <input
            id="edit-due-time"
            type="time"
            value={value.time}
            aria-describedby="edit-due-zone"
            onChange={(e) => onChange({ ...value, time: e.target.value })}
          />
        </div>
      </div>
      <p className="hint" id="edit-due-zone">
        Times are in {props.timeZone.replace(/_/g, ' ')}.
      </p>
      {(value.date !== '' || value.time !== '') && (
        <button type="button" className="link" onClick={() => onChange({ date: '', time: '' })}>
          Clear due date
        </button>
      )}
      {props.note && (
        <p className="hint" role="status">
          {props.note}
        </p>
      )}
    </fieldset>
  );
}
