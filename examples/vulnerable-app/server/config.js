module.exports = {
  s3: {
    region: "eu-west-1",
    bucket: "acme-notes-attachments",
    accessKeyId: "AKIAE7EELCFPND3BJRYV",
  },
  mail: { from: "notes@acme.test" },
};
