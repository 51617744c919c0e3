"use client";
import { useState } from "react";
import Button from "./Button";

export default function ShareDialog({ noteId }: { noteId: string }) {
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}/notes/${noteId}`;
  return (
    <div role="dialog">
      <input readOnly value={link} />
      <Button
        onClick={async () => {
          await navigator.clipboard.writeText(link);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy link"}
      </Button>
    </div>
  );
}
