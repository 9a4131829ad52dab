// receiptline.js - kiosk-bench's baseline: the same receipt content through the npm package
// `receiptline` (installed by tests/bench/run-bench into build/bench/, never committed).
//
//   node receiptline.js CONTENT.json OUTDIR N
//
// CONTENT.json holds the receipt's fields (written by bench_receipt_wire.c). Writes
// OUTDIR/receiptline.svg and OUTDIR/receiptline.escpos, and prints one line of key=value figures:
// the mean time of N transforms to SVG and to ESC/POS, their sizes, and how its Arabic comes out.
'use strict';
const fs = require('fs');
const path = require('path');
const receiptline = require('receiptline');

const [file, outdir, nArg] = process.argv.slice(2);
const c = JSON.parse(fs.readFileSync(file, 'utf8'));
const n = parseInt(nArg || '30', 10);
const esc = (s) => String(s).replace(/[\\|{}~_"`^-]/g, (m) => '\\' + m);
const lines = [
	`^^${esc('وزارة العمل')}`,
	`^${esc('Ministry of Labour')}`,
	`${esc(c.kiosk_id)} ${esc(c.location)}`,
	'-',
	`^${esc(c.title_ar)}`,
	`${esc('الحالة')}: ${esc(c.status_ar)}`,
	`${esc('رقم المرجع')}: ${esc(c.reference)}`,
	`${esc('التاريخ')}: ${esc(c.when)}`,
	`${esc('الاسم')}: ${esc(c.name_ar)}`,
	`${esc(c.item_ar)} | ${esc(c.amount)}`,
	'-',
	`^${esc(c.title_en)}`,
	`Status: ${esc(c.status)}`,
	`Reference: ${esc(c.reference)}`,
	`Date: ${esc(c.when)}`,
	`Name: ${esc(c.name_en)}`,
	`${esc(c.item_en)} | ${esc(c.amount)} OMR`,
	'-',
	`{code:${c.qr.replace(/[\\|{};]/g, (m) => '\\' + m)}; option:qrcode,6,m}`,
	`${esc('شكراً لكم')}`,
	'Thank you. Please keep this receipt.',
	'=',
];
const doc = lines.join('\n');
const opt = {cpl: 48, encoding: 'multilingual', spacing: true};

const time = (f) => {
	f(); // warm up
	const t0 = process.hrtime.bigint();
	let out;
	for (let i = 0; i < n; i++)
		out = f();
	return [Number(process.hrtime.bigint() - t0) / 1e3 / n, out];
};
const [svgUs, svg] = time(() => receiptline.transform(doc, opt));
const [escUs, escpos] = time(() => receiptline.transform(doc, {...opt, command: 'escpos'}));
fs.writeFileSync(path.join(outdir, 'receiptline.svg'), svg);
fs.writeFileSync(path.join(outdir, 'receiptline.escpos'), Buffer.from(escpos, 'binary'));

// Arabic: in the ESC/POS, letters a code page cannot hold become '?'; in the SVG, one letter per
// <tspan> at its own x means no joining and left-to-right order (the renderer cannot shape it).
const arDoc = lines.filter((l) => /[\u0600-\u06ff]/.test(l) && !l.startsWith('{')).join('\n');
const arEsc = receiptline.transform(arDoc, {...opt, command: 'escpos'});
const arabic = (arDoc.match(/[\u0600-\u06ff]/g) || []).length;
const qmarks = (arEsc.match(/\?/g) || []).length - (arDoc.match(/\?/g) || []).length;
const lone = (svg.match(/<tspan x="[0-9.]+">[\u0600-\u06ff]<\/tspan>/g) || []).length;
console.log(`receiptline_version=${require('receiptline/package.json').version} ` +
            `svg_us=${svgUs.toFixed(1)} escpos_us=${escUs.toFixed(1)} ` +
            `svg_bytes=${svg.length} escpos_bytes=${escpos.length} arabic_letters=${arabic} ` +
            `escpos_question_marks=${qmarks} svg_isolated_letters=${lone}`);
