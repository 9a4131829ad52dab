[profile]
id = fixed-1
atr = 3B 88 80 01 ?? 49 / FF FF FF FF 00 F0
aid = A0 00 00 00 01
read_chunk = 64
[file.id]
fid = 0101
max = 512
[field.civil_number]
file = id
offset = 0
length = 9
encoding = digits
required = yes
[field.name_ar]
file = id
tlv = 61/5F21
encoding = windows-1256
[field.birth]
file = id
offset = 9
length = 8
date = ddmmyyyy
[pin]
ref = 11
min_length = 4
max_length = 12
pad_to = 12
pad_byte = 00
