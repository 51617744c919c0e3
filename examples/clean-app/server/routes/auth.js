const router = require("express").Router();
const bcrypt = require("bcrypt");
const jwt = require("jsonwebtoken");
const { pool } = require("../db");

function safeNext(next) {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

router.post("/login", async (req, res) => {
  const { email } = req.body;
  const { rows } = await pool.query("SELECT id, role, password_hash FROM users WHERE email = $1", [email]);
  const ok = rows.length > 0 && (await bcrypt.compare(String(req.body.password), rows[0].password_hash));
  if (!ok) return res.status(401).json({ error: "invalid credentials" });
  const token = jwt.sign({ sub: rows[0].id, role: rows[0].role }, process.env.JWT_SECRET, { expiresIn: "1h" });
  res.cookie("token", token, { httpOnly: true, secure: true, sameSite: "lax", maxAge: 3600 * 1000 });
  res.redirect(safeNext(req.query.next));
});

router.post("/logout", (req, res) => {
  res.clearCookie("token");
  res.redirect("/");
});

module.exports = router;
