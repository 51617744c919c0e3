#!/bin/sh
# Deploy the latest build to the staging box. GITHUB_TOKEN comes from the CI secret store.
set -eu
: "${GITHUB_TOKEN:?set GITHUB_TOKEN}"
git -c "http.extraHeader=Authorization: Bearer ${GITHUB_TOKEN}" clone https://github.com/acme/notes-infra.git /tmp/infra
rsync -az --delete .next/ deploy@staging.acme.test:/srv/acme/.next/
