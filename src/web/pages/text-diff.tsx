import type { DiffPiece } from '../../versions/diff.js';
import { diffParagraphs } from '../../versions/diff.js';

function Pieces({ pieces }: { pieces: DiffPiece[] }) {
  return <>{pieces.map((p) => (p.op === 'added' ? <ins>{p.text}</ins> : p.op === 'removed' ? <del>{p.text}</del> : p.text))}</>;
}

/** A title and body with word-level insertions and deletions marked (versions of an article, copies of a story). */
export function TextDiff(props: { lang: string; title: DiffPiece[]; body: DiffPiece[] }) {
  return (
    <div class="diff article-body" lang={props.lang}>
      <p class="title" dir="auto">
        <Pieces pieces={props.title} />
      </p>
      {diffParagraphs(props.body).map((para) => (
        <p dir="auto">
          <Pieces pieces={para} />
        </p>
      ))}
    </div>
  );
}
