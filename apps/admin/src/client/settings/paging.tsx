import { type ReactElement, useState } from "react";

/** Cursor paging: the cursors of the pages seen so far, so "previous" needs no backward cursor. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    hasPrevious: cursors.length > 1,
    next: (cursor: string) => setCursors((seen) => [...seen, cursor]),
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    reset: () => setCursors([undefined]),
  };
}

export function Pager({
  label,
  previousLabel,
  nextLabel,
  hasPrevious,
  nextCursor,
  onPrevious,
  onNext,
}: {
  label: string;
  previousLabel: string;
  nextLabel: string;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}): ReactElement | null {
  if (!hasPrevious && !nextCursor) return null;
  return (
    <nav aria-label={label} className="pager">
      <button type="button" onClick={onPrevious} disabled={!hasPrevious}>
        {previousLabel}
      </button>
      <button type="button" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>
        {nextLabel}
      </button>
    </nav>
  );
}
