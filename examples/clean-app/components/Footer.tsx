export default function Footer() {
  return (
    <footer className="footer">
      <small>&copy; {new Date().getFullYear()} Acme Notes</small>
    </footer>
  );
}
