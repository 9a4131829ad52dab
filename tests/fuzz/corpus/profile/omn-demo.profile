; omn-demo.profile - DEMO profile for the Omani ID / resident card. NOT the official ROP layout.
;
; Public (third-party sources, see docs/card.md): the ATR family (Gemalto MultiApp V5, T=0) and
; the ROP ID applet AID. PLACEHOLDERS invented for the demo and the tests: every file id, tag,
; encoding, the PIN reference and lengths, and the authenticity method. Replace this file with
; the layout ROP provides; no code changes are needed.
[profile]
id = omn-demo-1
label = Oman ID card (DEMO layout: placeholder file ids and tags)
; published ATRs: 3B 7A 97 00 00 80 65 B0 85 20 04 02 72 D6 41 and ... 20 05 02 72 D6 43
atr = 3B 7A 97 00 00 80 65 B0 85 ?? ?? 02 72 D6 ??
; ROP "MPCOS" ID applet (published)
aid = A0 00 00 00 18 52 4F 50 01
read_chunk = 224

[file.identity]
fid = 0101
max = 4096

[file.certificate]
fid = 0105
max = 2048

[file.photo]
fid = 0102
max = 24576

[field.civil_number]
file = identity
tlv = 5F01
encoding = digits
required = yes

[field.name_ar]
file = identity
tlv = 5F21
encoding = utf-8
required = yes

[field.name_en]
file = identity
tlv = 5F20
encoding = ascii
required = yes

[field.nationality]
file = identity
tlv = 5F2C
encoding = ascii

[field.sex]
file = identity
tlv = 5F35
encoding = ascii

[field.birth]
file = identity
tlv = 5F2B
date = bcd-yyyymmdd
required = yes

[field.expiry]
file = identity
tlv = 5F24
date = bcd-yyyymmdd
required = yes

[field.card_serial]
file = identity
tlv = 5F02
encoding = ascii

[photo]
; JPEG in tag 5F2E of the photo file; read only when a screen shows it
file = photo
tlv = 5F2E

[pin]
; residents set a 6-digit PIN at ROP (reported); reference and padding are placeholders
ref = 81
min_length = 4
max_length = 8
pad_to = 8
pad_byte = FF

[auth]
method = internal-authenticate
key_ref = 01
certificate = certificate
challenge_length = 16
