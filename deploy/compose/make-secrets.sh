#!/bin/sh
# Creates secrets/ for compose.yaml once: random passwords, a fresh Ed25519 signing key.
set -eu
cd "$(dirname "$0")"
[ -e secrets ] && { echo "secrets/ exists; not overwritten" >&2; exit 1; }
umask 077
mkdir secrets
password=$(openssl rand -hex 24)
printf '%s' "$password" > secrets/postgres-password
openssl genpkey -algorithm ed25519 -out secrets/audit-signing-key.pem
sed -e "s/leitplanke:CHANGE-ME@/leitplanke:${password}@/" \
    -e "s/key_pepper = \"CHANGE-ME\"/key_pepper = \"$(openssl rand -hex 32)\"/" \
    -e "s/access_code_secret = \"CHANGE-ME\"/access_code_secret = \"$(openssl rand -hex 32)\"/" \
    leitplanke.toml.example > secrets/leitplanke.toml
echo "secrets/ written; edit secrets/leitplanke.toml for your upstreams"
