import Link from "next/link";

export default function Header() {
  return (
    <header className="header">
      <Link href="/">Acme Notes</Link>
      <nav>
        <Link href="/dashboard">Dashboard</Link>
        <Link href="/login">Log in</Link>
      </nav>
    </header>
  );
}
