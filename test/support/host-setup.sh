#!/usr/bin/env bash
# Prepares and starts what the integration tests use, as root, without systemd:
# virtlogd + libvirtd (qemu:///system, QEMU under TCG) and a loopback sshd on port 2222 that
# accepts root's key, so `qemu+ssh://root@127.0.0.1:2222/system` works with host key checking.
# Idempotent: safe to run again, and when the services already run. Shared by developers and CI.
set -euo pipefail

SSH_PORT=${VIRTDECK_SSH_PORT:-2222}
die() { echo "host-setup: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (libvirtd and sshd are started system-wide)"

# Fails with one line naming the Debian packages when a binary is missing.
need() {
  local bin=$1 pkg=$2
  command -v "$bin" >/dev/null 2>&1 || [ -x "$bin" ] || die "missing $bin: apt-get install $pkg (full list: test/support/packages-debian.txt)"
}
need libvirtd libvirt-daemon
need virtlogd libvirt-daemon
need virsh libvirt-clients
need qemu-system-x86_64 qemu-system-x86
need iptables iptables
need /usr/sbin/sshd openssh-server
need ssh-keyscan openssh-client

# Polls until a command succeeds; bounded, no fixed sleeps beyond the polling step.
wait_until() {
  local what=$1 tries=$2; shift 2
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "timed out waiting for $what"
}

# --- libvirt ---------------------------------------------------------------------------
# The QEMU driver looks up its user before reading qemu.conf.
getent group kvm >/dev/null || groupadd -r kvm
getent group libvirt >/dev/null || groupadd -r libvirt
getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
mkdir -p /var/log/libvirt /var/lib/libvirt/images /run/libvirt /etc/libvirt

# QEMU runs as root with no security driver, so it opens images anywhere (tests use temp dirs).
conf=/etc/libvirt/qemu.conf
touch "$conf"
for kv in 'user = "root"' 'group = "root"' 'dynamic_ownership = 0' 'security_driver = "none"'; do
  key=${kv%% =*}
  if grep -qE "^\s*${key}\s*=" "$conf"; then
    sed -i -E "s|^\s*${key}\s*=.*|${kv}|" "$conf"
  else
    echo "$kv" >> "$conf"
  fi
done

pgrep -x virtlogd >/dev/null || virtlogd -d
if ! virsh -c qemu:///system version >/dev/null 2>&1; then
  pgrep -x libvirtd >/dev/null || libvirtd -d
  wait_until "libvirtd to answer on qemu:///system" 300 virsh -c qemu:///system version
fi

# --- sshd on loopback ------------------------------------------------------------------------
mkdir -p /run/sshd /root/.ssh
chmod 700 /root/.ssh
ssh-keygen -A >/dev/null
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null; }
if ! port_open; then
  /usr/sbin/sshd -p "$SSH_PORT" -o ListenAddress=127.0.0.1 -o PermitRootLogin=prohibit-password
  wait_until "sshd on 127.0.0.1:$SSH_PORT" 100 port_open
fi
# A second user for SSH sign-in tests (password and passphrase prompts); the tests give it a
# random password while they run and lock it again after. It uses its own qemu:///session.
id virtdeck-test >/dev/null 2>&1 || useradd -m -s /bin/sh virtdeck-test
passwd -l virtdeck-test >/dev/null
[ -f /root/.ssh/id_ed25519 ] || ssh-keygen -q -t ed25519 -N '' -C virtdeck-tests -f /root/.ssh/id_ed25519
touch /root/.ssh/authorized_keys /root/.ssh/known_hosts
chmod 600 /root/.ssh/authorized_keys
grep -qF "$(cat /root/.ssh/id_ed25519.pub)" /root/.ssh/authorized_keys || cat /root/.ssh/id_ed25519.pub >> /root/.ssh/authorized_keys
# The host keys of this sshd, trusted for [127.0.0.1]:PORT (replacing stale ones).
ssh-keygen -R "[127.0.0.1]:$SSH_PORT" -f /root/.ssh/known_hosts >/dev/null 2>&1 || true
keys=$(ssh-keyscan -p "$SSH_PORT" 127.0.0.1 2>/dev/null)
[ -n "$keys" ] || die "ssh-keyscan got no host keys from 127.0.0.1:$SSH_PORT"
echo "$keys" >> /root/.ssh/known_hosts
wait_until "qemu+ssh://root@127.0.0.1:$SSH_PORT/system to answer" 100 \
  virsh -c "qemu+ssh://root@127.0.0.1:$SSH_PORT/system" version

echo "host-setup: libvirtd ready on qemu:///system (QEMU $(virsh -c qemu:///system version | awk "/Running hypervisor/{print \$NF}" || true)); sshd on 127.0.0.1:$SSH_PORT; qemu+ssh://root@127.0.0.1:$SSH_PORT/system answers"
