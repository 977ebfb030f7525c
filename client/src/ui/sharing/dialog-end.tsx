/** The end of a sharing dialog: the last request's failure, if any, and "Close". */
export function DialogEnd(props: { error: { text: string } | null; onClose: () => void }) {
  return (
    <>
      {props.error && (
        <p className="error" role="alert">
          {props.error.text}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </>
  );
}
