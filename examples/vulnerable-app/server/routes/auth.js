const router = require("express").Router();
const md5 = require("md5");
const jwt = require("jsonwebtoken");
const { pool } = require("../db");

router.post("/login", async (req, res) => {
  const { email } = req.body;
  const hash = md5(req.body.password);
  const { rows } = await pool.query("SELECT id, role FROM users WHERE email = $1 AND password_hash = $2", [email, hash]);
  if (!rows.length) return res.status(401).json({ error: "invalid credentials" });
  const token = jwt.sign({ sub: rows[0].id, role: rows[0].role }, "acme-jwt-signing-key", { expiresIn: "30d" });
  res.cookie("token", token, { maxAge: 30 * 24 * 3600 * 1000 });
  res.redirect(req.query.next);
});

router.post("/logout", (req, res) => {
  res.clearCookie("token");
  res.redirect("/");
});

module.exports = router;
