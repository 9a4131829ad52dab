# ministry.sh - sourced by the end-to-end tests that run the kiosk against the ministry simulator
# over mutual-TLS HTTPS (e2e-slice.sh, e2e-signin.sh; and scripts/demo), from the repository
# root; in lib/ so tests/run-tests never runs it. Needs $B (the build folder), $T (a fresh
# folder), $REPO (the repository root) and check().
#
#	ministry_start ID        test PKI for kiosk ID in $T/pki, build/ministry-sim on a free port
#	                         ($SIM_PID, $PORT; its database $T/ministry.db, log $T/sim.log)
#	ministry_stop
#	kiosk_conf FILE [URL [CARD]]
#	                         a kiosk.conf in $T for card backend CARD (default sim: the sim
#	                         reader with the demo cards; pcsc), the sim printer ($T/receipts),
#	                         the fake clock, the outbox $T/kiosk.db, receipts signed with
#	                         $T/pki/receipt.key, backend URL (default: the simulator); ID as
#	                         given to ministry_start
#	ministry_stat NAME       one number from the simulator's GET /admin/stats ("" if unreachable)
#	receipt_qr PNG           the text of the QR code on a printed receipt (zbarimg), "" if none

ministry_start() { # ID
	KIOSK_ID=$1
	./scripts/make-test-pki "$T/pki" "$KIOSK_ID" > /dev/null || { echo "not ok - make-test-pki failed"; exit 1; }
	"$B/ministry-sim" --port 0 --db "$T/ministry.db" --cert "$T/pki/server.pem" \
		--key "$T/pki/server.key" --ca "$T/pki/ca.pem" > "$T/sim.out" 2>> "$T/sim.log" &
	SIM_PID=$!
	i=0
	while ! grep -q 'listening on' "$T/sim.out" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$T/sim.out")
	check "$([ -n "$PORT" ] && echo 0 || echo 1)" "ministry simulator started (port ${PORT:-none})"
}

ministry_stop() {
	[ -n "${SIM_PID:-}" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	SIM_PID=""
}

kiosk_conf() { # FILE [URL [CARD]]
	mkdir -p "$T/receipts"
	cat > "$1" <<CONF
[kiosk]
id = $KIOSK_ID
location = Test bench
language = ar
[display]
width = 720
height = 1280
font_dir = $REPO/assets/fonts-arabic
[card]
backend = ${3:-sim}
profiles = $REPO/drivers/card/profiles
sim_cards = $REPO/assets/demo-cards
[printer]
backend = sim
profile = generic-80
device = receipts
[receipt]
signing_key = pki/receipt.key
[backend]
url = ${2:-https://127.0.0.1:$PORT}
ca_file = pki/ca.pem
client_cert = pki/client.pem
client_key = pki/client.key
timeout_ms = 5000
sync_interval_s = 1
[clock]
backend = fake
[cache]
database = kiosk.db
key_file = pki/data.key
[session]
idle_timeout_s = 90
idle_warning_s = 30
CONF
}

ministry_stat() { # NAME
	curl -s --max-time 5 --cacert "$T/pki/ca.pem" --cert "$T/pki/client.pem" \
		--key "$T/pki/client.key" "https://127.0.0.1:$PORT/admin/stats" 2>/dev/null |
		sed -n "s/.*\"$1\": *\([0-9-]*\).*/\1/p"
}

ministry_post() { # PATH JSON: the simulator's answer on stdout
	curl -s --max-time 5 --cacert "$T/pki/ca.pem" --cert "$T/pki/client.pem" \
		--key "$T/pki/client.key" -H 'Content-Type: application/json' -d "$2" \
		"https://127.0.0.1:$PORT$1" 2>/dev/null
}

ministry_get() { # URL: a link the simulator gave (the payment page)
	curl -s --max-time 5 --cacert "$T/pki/ca.pem" --cert "$T/pki/client.pem" \
		--key "$T/pki/client.key" "$1" 2>/dev/null
}

receipt_qr() { # PNG: the signed QR (not the payment link, the simulator's /pay/ page)
	zbarimg -q --raw "$1" 2>/dev/null | grep -v '/pay/' | head -n 1
}

pay_qr() { # PNG: the payment link's QR, or nothing
	zbarimg -q --raw "$1" 2>/dev/null | grep '/pay/' | head -n 1
}
