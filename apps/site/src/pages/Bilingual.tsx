import type { ReactElement } from "react";

/**
 * A text shown in both languages at once, Russian first: notices that must be understood even
 * when the reader's language is not known or the page could not be built.
 */
export function Bilingual({ ru, en }: { ru: string; en: string }): ReactElement {
  return (
    <>
      <span lang="ru">{ru}</span>
      <span className="translation" lang="en">
        {" / "}
        {en}
      </span>
    </>
  );
}
