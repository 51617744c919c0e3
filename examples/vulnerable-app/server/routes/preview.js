const router = require("express").Router();
const axios = require("axios");

// Link previews for pasted URLs.
router.get("/", async (req, res) => {
  const page = await axios.get(req.query.url, { timeout: 5000 });
  const title = /<title>([^<]{0,200})<\/title>/i.exec(page.data);
  res.json({ title: title ? title[1] : null });
});

module.exports = router;
