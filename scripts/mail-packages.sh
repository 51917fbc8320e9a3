#!/usr/bin/env bash
# Installs the Debian packages that the mail-server test harness
# (crates/app/tests/support/mailserver.rs) needs, if any is missing: postfix, dovecot
# with IMAP and LMTP, and openssl. The harness runs its own daemons from temp dirs, so the
# packages' own system daemons are kept from starting while they install.
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/sbin/postfix ] || missing+=(postfix)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-core)
[ -x /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

echo "Installing ${missing[*]}" >&2
# "No configuration": no question asked, and no system-wide mail setup.
echo 'postfix postfix/main_mailer_type select No configuration' | sudo_if_needed debconf-set-selections
# Keep the packages' init scripts from starting system daemons on the default ports.
policy=/usr/sbin/policy-rc.d
added_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | sudo_if_needed tee "$policy" >/dev/null
  sudo_if_needed chmod 755 "$policy"
  added_policy=yes
fi
restore_policy() { if [ "$added_policy" = yes ]; then sudo_if_needed rm -f "$policy"; fi; }
trap restore_policy EXIT
sudo_if_needed apt-get update -qq
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
