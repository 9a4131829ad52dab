/*
 * plural.c - the CLDR cardinal plural rules (see plural.h): one small function per rule, and the
 * table that maps a language code to its rule. Owns nothing.
 *
 * Source: Unicode CLDR, common/supplemental/plurals.xml (cardinal rules; the same rules since
 * CLDR 24 for every language below), also shown at
 * https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html.
 * Operands for a whole number: n = i = |count|, v = f = t = 0, so clauses on v, f and t drop
 * out. Forms are numbered in CLDR's category order (zero, one, two, few, many, other: the ones
 * the language has), which is the msgstr[] order gettext uses for these languages.
 *
 * Adding a language: write its rule with the CLDR text as a comment, add a row to rules[], add
 * its CLDR examples to tests/unit/test_i18n.c.
 */
#include "plural.h"

#include <stddef.h>
#include <string.h>

/*
 * en, ur: one: i = 1 and v = 0 (@integer 1); other.
 * ne, ta, ml: one: n = 1 (@integer 1); other. Same result for whole numbers.
 */
static int
rule_one_is_1(unsigned long n)
{
	return n == 1 ? 0 : 1;
}

/* hi, bn: one: i = 0 or n = 1 (@integer 0, 1); other. */
static int
rule_one_is_0_1(unsigned long n)
{
	return n <= 1 ? 0 : 1;
}

/*
 * fil: one: v = 0 and i = 1,2,3 or v = 0 and i % 10 != 4,6,9 or v != 0 and f % 10 != 4,6,9
 * (@integer 0~3, 5, 7, 8, 10~13, 15, 17, 18, 20, 21, 100, 1000, ...);
 * other (@integer 4, 6, 9, 14, 16, 19, 24, 26, 104, 1004, ...).
 */
static int
rule_fil(unsigned long n)
{
	unsigned long d = n % 10;
	return (n >= 1 && n <= 3) || (d != 4 && d != 6 && d != 9) ? 0 : 1;
}

/*
 * ar: zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10; many: n % 100 = 11..99;
 * other (@integer 100~102, 200~202, 300~302, ..., 1000, 10000, ...).
 */
static int
rule_ar(unsigned long n)
{
	unsigned long h = n % 100;
	if (n <= 2)
		return (int)n; /* zero, one, two */
	if (h >= 3 && h <= 10)
		return 3; /* few */
	if (h >= 11)
		return 4; /* many: h <= 99 always */
	return 5;         /* other */
}

struct plural_rule {
	const char *lang;
	int count;
	int (*index)(unsigned long n);
};

static const struct plural_rule rules[] = {
        {"en", 2, rule_one_is_1}, {"ar", 6, rule_ar},         {"hi", 2, rule_one_is_0_1},
        {"ur", 2, rule_one_is_1}, {"bn", 2, rule_one_is_0_1}, {"ne", 2, rule_one_is_1},
        {"ta", 2, rule_one_is_1}, {"ml", 2, rule_one_is_1},   {"fil", 2, rule_fil},
};

static const struct plural_rule *
rule_for(const char *lang)
{
	if (lang) {
		size_t len = strcspn(lang, "_-.@");
		for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (strlen(rules[i].lang) == len && !strncmp(rules[i].lang, lang, len))
				return &rules[i];
	}
	return NULL;
}

bool
plural_known(const char *lang)
{
	return rule_for(lang) != NULL;
}

int
plural_count(const char *lang)
{
	const struct plural_rule *r = rule_for(lang);
	return r ? r->count : rules[0].count;
}

int
plural_index(const char *lang, long n)
{
	const struct plural_rule *r = rule_for(lang);
	/* |n| without overflow at LONG_MIN */
	unsigned long a = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
	return (r ? r : &rules[0])->index(a);
}
