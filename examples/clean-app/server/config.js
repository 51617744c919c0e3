module.exports = {
  s3: {
    region: "eu-west-1",
    bucket: "acme-notes-attachments",
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  },
  mail: { from: "notes@acme.test" },
};
