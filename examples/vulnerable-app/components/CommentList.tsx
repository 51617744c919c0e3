import type { Comment } from "@/types";

export default function CommentList({ comments }: { comments: Comment[] }) {
  return (
    <ul className="comments">
      {comments.map((c) => (
        <li key={c.id}>
          <strong>{c.author}</strong>
          <div dangerouslySetInnerHTML={{ __html: c.body }} />
        </li>
      ))}
    </ul>
  );
}
