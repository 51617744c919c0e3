import Link from "next/link";
import Button from "@/components/Button";

export default function Home() {
  return (
    <section className="hero">
      <h1>Acme Notes</h1>
      <p>Write, share and search notes with your team.</p>
      <Link href="/login">
        <Button>Get started</Button>
      </Link>
    </section>
  );
}
