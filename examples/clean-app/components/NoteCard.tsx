import type { Note } from "@/types";
import { formatDate } from "@/lib/format";

export default function NoteCard({ note }: { note: Note }) {
  return (
    <article className="card">
      <h3>{note.title}</h3>
      <time>{formatDate(note.createdAt)}</time>
      <p>{note.excerpt}</p>
    </article>
  );
}
