const { pool } = require("../server/db");

async function main() {
  await pool.query("insert into notes (title, body) values ($1, $2)", ["Hello", "First note"]);
  await pool.end();
}

main();
