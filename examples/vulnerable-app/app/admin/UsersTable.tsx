"use client";
import { useEffect, useState } from "react";
import { createClient } from "@supabase/supabase-js";

const admin = createClient(
  process.env.NEXT_PUBLIC_SUPABASE_URL!,
  process.env.SUPABASE_SERVICE_ROLE_KEY!
);

export default function UsersTable() {
  const [users, setUsers] = useState<{ id: string; email?: string }[]>([]);
  useEffect(() => {
    admin.auth.admin.listUsers().then(({ data }) => setUsers(data.users));
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
