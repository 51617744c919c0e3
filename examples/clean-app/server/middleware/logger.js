module.exports = function logger(req, res, next) {
  const started = Date.now();
  res.on("finish", () => {
    console.log(JSON.stringify({ method: req.method, path: req.path, status: res.statusCode, ms: Date.now() - started }));
  });
  next();
};
