# METADATA
# title: Shared helpers of the Leitplanke policy bundle
# description: |
#   The normalised input document and a few pure functions used by the access,
#   data-protection and automated-decision rule sets. Rules here are evaluated once
#   per query (complete rules are cached), so the rule sets read lib.inp instead of
#   calling a helper function for every field.
package leitplanke.lib

# inp is the input when it is an object, else the empty object: malformed input then
# yields input_invalid reasons instead of evaluation errors.
default inp := {}

inp := input if is_object(input)

# input_problem names what is wrong with the input document as a whole.
input_problem := "input is missing" if not input_present

input_problem := "input must be an object" if {
	input_present
	not is_object(input)
}

input_present if {
	_ = input
}

# string_list holds when x is an array whose elements are all strings.
string_list(x) if {
	is_array(x)
	every item in x {
		is_string(item)
	}
}

# non_empty_string holds for strings other than "".
non_empty_string(x) if {
	is_string(x)
	x != ""
}

# valid_range holds for [lo, hi] with two numbers and lo <= hi.
valid_range(range) if {
	is_array(range)
	count(range) == 2
	is_number(range[0])
	is_number(range[1])
	range[0] <= range[1]
}
