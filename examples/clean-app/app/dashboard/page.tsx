import NoteCard from "@/components/NoteCard";
import { listNotes } from "@/lib/notes";

export default async function Dashboard() {
  const notes = await listNotes();
  return (
    <div className="grid">
      {notes.map((n) => (
        <NoteCard key={n.id} note={n} />
      ))}
    </div>
  );
}
