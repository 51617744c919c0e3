const express = require("express");
const cors = require("cors");
const session = require("express-session");
const path = require("path");

const logger = require("./middleware/logger");
const auth = require("./routes/auth");
const calc = require("./routes/calc");
const tools = require("./routes/tools");
const users = require("./routes/users");
const files = require("./routes/files");
const preview = require("./routes/preview");
const legacy = require("./routes/legacy");
const health = require("./routes/health");

const app = express();
app.set("trust proxy", 1);
app.set("view engine", "ejs");
app.set("views", path.join(__dirname, "views"));
app.use(express.json());
app.use(logger);
app.use(cors({ origin: ["https://notes.acme.test"], credentials: true }));
app.use(
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, httpOnly: true, sameSite: "lax", maxAge: 7 * 24 * 3600 * 1000 },
  })
);

app.use("/auth", auth);
app.use("/calc", calc);
app.use("/tools", tools);
app.use("/users", users);
app.use("/files", files);
app.use("/preview", preview);
app.use("/legacy", legacy);
app.use("/health", health);

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: "internal error" });
});

app.listen(process.env.PORT || 4000);
