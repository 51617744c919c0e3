const router = require("express").Router();
const axios = require("axios");

const ALLOWED_HOSTS = new Set(["github.com", "www.youtube.com", "docs.google.com"]);

// Link previews for pasted URLs (known sites only).
router.get("/", async (req, res) => {
  let target;
  try {
    target = new URL(String(req.query.url));
  } catch {
    return res.status(400).json({ error: "bad url" });
  }
  if (target.protocol !== "https:" || !ALLOWED_HOSTS.has(target.hostname)) return res.status(400).json({ error: "host not allowed" });
  const page = await axios.get(target.toString(), { timeout: 5000, maxRedirects: 0 });
  const title = /<title>([^<]{0,200})<\/title>/i.exec(page.data);
  res.json({ title: title ? title[1] : null });
});

module.exports = router;
