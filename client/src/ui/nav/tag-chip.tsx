/** [NV5] A task's tag as a chip: a click shows only the tasks with that tag. */
export function TagChip({ tag, onSelect }: { tag: string; onSelect: (tag: string) => void }) {
  return (
    <button type="button" className="chip" onClick={() => onSelect(tag)} aria-label={`Show tasks tagged #${tag}`}>
      #{tag}
    </button>
  );
}
