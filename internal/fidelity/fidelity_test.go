package fidelity

import (
	"reflect"
	"strings"
	"testing"
)

// seed003 is the paragraph of Thurrock's "Referral pathways and services" (seed 003) about
// telling parents, which the editor's check found softened on the site (issue 13).
const seed003 = "Safeguarding and child protection work should always be underpinned by principles of working in partnership with families. " +
	"In principle, parents or carers must be informed that a service is making a referral to social care safeguarding services. " +
	"This should only not occur where there is a specific risk of harm to a child and sharing the information with the parent or carer would place the child at further risk. " +
	"Once a referral has taken place, early help or social care staff has no mandate to compel parents to undertake assessments or accept services, although there may be consequences for the family if recommended services or interventions are not taken up by parents or carers. " +
	"The MASH should acknowledge referrals within one working day of receipt. If this does not occur within 3 working days, the referrer should contact MASH again."

func TestCheck(t *testing.T) {
	tests := []struct {
		name, statement, source string
		want                    []string // Problem.Term in order
	}{
		{"faithful must", "In principle, parents and carers must be told that a service is making a referral to social care.", seed003, nil},
		{"must softened to usually", "Usually parents and carers are told that a service is making a referral to social care.", seed003, []string{"must"}},
		{"should hardened to must", "The MASH must acknowledge referrals within one working day of receipt.", seed003, []string{"must"}},
		{"may kept", "Staff cannot make parents accept services, but there may be consequences for the family if recommended services are not taken up.", seed003, nil},
		{"number kept as a word", "The MASH should acknowledge a referral within one working day.", seed003, nil},
		{"number changed", "The MASH should acknowledge a referral within two working days.", seed003, []string{"2 working"}},
		{"digits kept", "If not, after 3 working days the referrer should contact the MASH again.", seed003, nil},
		{"digits changed", "If not, after 5 working days the referrer should contact the MASH again.", seed003, []string{"5"}},
		{"service the source lacks", "The referral goes to the Emergency Duty Team.", seed003, []string{"Emergency Duty Team"}},
		{"acronym the source lacks", "The CAF goes to the MASH.", seed003, []string{"CAF"}},
		{"expansion in brackets: either spelling", "It goes to the MASH (Multi-Agency Safeguarding Hub).", seed003, nil},
		{"name in brackets after acronym absent", "It goes to the LADO (Local Authority Designated Officer).", seed003, []string{"LADO"}},
		{"sentence-start word is not a name", "Parents should be told.", "Parents should be told.", nil},
		{"area names are not key terms", "In Thurrock the MASH should acknowledge referrals.", seed003, nil},
		{"may the source does not have", "The MASH may acknowledge referrals within one working day of receipt.", seed003, []string{"may"}},
		{"a must kept by one of the sentences restating it", "If the council thinks a parent carer may have support needs, it must carry out an assessment under section 17ZD of the Children Act 1989. This assessment is under section 17ZD of the Children Act 1989.",
			"If a local authority considers that a parent carer of a disabled child may have support needs, it must carry out an assessment under section 17ZD of the Children Act 1989.", nil},
		{"names stop at commas", "PASS has teams in three parts of Thurrock: East, West and Central.", "PASS is based in three localities within Thurrock: East, West and Central.", nil},
		{"unaligned modal checked against the whole text", "You must phone.", "Call us any time.", []string{"must"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Check(tt.statement, tt.source) {
				got = append(got, p.Term)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check(%q) = %q, want %q\n%v", tt.statement, got, tt.want, Check(tt.statement, tt.source))
			}
		})
	}
}

func TestKeyTerms(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"The MASH may ask the Children and Families Assessment Team to do a full assessment.", "MASH|Children and Families Assessment Team"},
		{"Aiming High, run by Action for Children, offers short breaks.", "Aiming High|Action for Children"},
		{"This is under Section 17ZD of the Children Act 1989.", "Section 17ZD|Children Act 1989"},
		{"Children in need are at Tier 3 of four tiers.", "Tier 3|4 tiers/four tiers"},
		{"It is for children aged 0 to 18.", "0|18"},
		{"The guidance says Thurrock's Early Help services work with families.", "Early Help"},
	}
	for _, tt := range tests {
		var got []string
		for _, alts := range KeyTerms(tt.in) {
			got = append(got, strings.Join(alts, "/"))
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("KeyTerms(%q) = %q, want %q", tt.in, g, tt.want)
		}
	}
}
