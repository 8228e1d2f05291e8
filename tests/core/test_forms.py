from django import forms

from apps.core.forms import LongSelect


class _Form(forms.Form):
    client = forms.ChoiceField(
        choices=[("", "Any client"), ("1", "Acme"), ("2", "<b>Bad & Co</b>")],
        widget=LongSelect,
        required=False,
    )


def test_long_select_marks_the_chosen_option_and_escapes_labels():
    html = str(_Form(data={"client": "2"})["client"])
    assert html.startswith('<select id="id_client" name="client">')
    assert '<option value="">Any client</option>' in html
    assert '<option value="1">Acme</option>' in html
    assert '<option value="2" selected>&lt;b&gt;Bad &amp; Co&lt;/b&gt;</option>' in html
    assert "<b>" not in html


def test_long_select_with_nothing_chosen_selects_the_empty_option_only():
    html = str(_Form()["client"])
    assert html.count(" selected") == 1
    assert '<option value="" selected>Any client</option>' in html
