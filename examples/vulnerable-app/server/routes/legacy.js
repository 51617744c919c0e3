const router = require("express").Router();
const { MongoClient } = require("mongodb");

const client = new MongoClient(process.env.MONGO_URL);

// Old v1 API kept for the iOS app.
router.get("/notes", async (req, res) => {
  const owner = req.query.owner;
  const notes = await client.db("acme").collection("notes").find({ $where: "this.owner == '" + owner + "'" }).toArray();
  res.json(notes);
});

module.exports = router;
