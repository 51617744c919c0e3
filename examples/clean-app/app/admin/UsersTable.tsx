"use client";
import { useEffect, useState } from "react";

export default function UsersTable() {
  const [users, setUsers] = useState<{ id: string; email?: string }[]>([]);
  useEffect(() => {
    fetch("/api/admin/users")
      .then((r) => (r.ok ? r.json() : []))
      .then(setUsers);
  }, []);
  return (
    <table>
      <tbody>
        {users.map((u) => (
          <tr key={u.id}>
            <td>{u.email}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
