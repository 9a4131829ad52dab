[profile]
id = x
atr = 3B ZZ
