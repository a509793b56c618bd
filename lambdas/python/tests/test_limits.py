"""The contract's limits, stated through the generated constants (items_contract.constants),
never a copy: run against constants generated from a changed contract
(scripts/codegen-follow.test.ts, through runtime.json codegen.followTest), they still pass,
which shows the runtime follows the contract."""

import math
import os

import pytest
from items_contract import constants as contract

from items_app import domain
from items_app.domain import Problem

EMOJI = "\U0001f600"  # one code point, two UTF-16 units: lengths count code points


def problem_of(action) -> Problem:
    with pytest.raises(Problem) as caught:
        action()
    return caught.value


def item(name="a", price=1, **extra) -> dict:
    return {"name": name, "price": price, **extra}


@pytest.mark.parametrize(
    "body",
    [
        item(name=EMOJI * contract.ITEM_NAME_MAX_LENGTH),
        item(name="a" * contract.ITEM_NAME_MIN_LENGTH),
        item(description=EMOJI * contract.ITEM_DESCRIPTION_MAX_LENGTH),
        item(price=contract.PRICE_MAXIMUM),
        item(price=contract.PRICE_MINIMUM),
        item(price=contract.PRICE_MINIMUM_POSITIVE),
    ],
    ids=["longest name", "shortest name", "longest description", "highest price", "lowest price", "smallest positive price"],
)
def test_values_at_the_limits_are_accepted(body):
    assert domain.parse_item_input(body).name == body["name"]


@pytest.mark.parametrize(
    "body,path",
    [
        (item(name=EMOJI * (contract.ITEM_NAME_MAX_LENGTH + 1)), "/body/name"),
        (item(name="a" * (contract.ITEM_NAME_MIN_LENGTH - 1)), "/body/name"),
        (item(description="x" * (contract.ITEM_DESCRIPTION_MAX_LENGTH + 1)), "/body/description"),
        (item(price=math.nextafter(contract.PRICE_MAXIMUM, math.inf)), "/body/price"),
        (item(price=math.nextafter(contract.PRICE_MINIMUM, -math.inf)), "/body/price"),
        (item(price=math.nextafter(contract.PRICE_MINIMUM_POSITIVE, 0)), "/body/price"),
    ],
    ids=["name too long", "name too short", "description too long", "price too high", "price too low", "positive price too small"],
)
def test_values_past_the_limits_are_refused(body, path):
    # Act
    problem = problem_of(lambda: domain.parse_item_input(body))
    # Assess
    assert (problem.type, [p for p, _ in problem.errors]) == (contract.PROBLEM_VALIDATION_FAILED.type, [path])


def test_the_body_size_limit_is_the_contracts():
    # Act
    domain.check_body_size(b"x" * contract.BODY_MAX_BYTES)
    problem = problem_of(lambda: domain.check_body_size(b"x" * (contract.BODY_MAX_BYTES + 1)))
    # Assess
    assert (problem.status, problem.type) == (contract.PROBLEM_PAYLOAD_TOO_LARGE.status, contract.PROBLEM_PAYLOAD_TOO_LARGE.type)
    assert str(contract.BODY_MAX_BYTES) in problem.detail


def test_the_page_size_limits_are_the_contracts():
    # Act / Assess
    assert domain.parse_list_query(None, None)[0] == contract.LIST_LIMIT_DEFAULT
    assert domain.parse_list_query(str(contract.LIST_LIMIT_MINIMUM), None)[0] == contract.LIST_LIMIT_MINIMUM
    assert domain.parse_list_query(str(contract.LIST_LIMIT_MAXIMUM), None)[0] == contract.LIST_LIMIT_MAXIMUM
    for refused in (contract.LIST_LIMIT_MINIMUM - 1, contract.LIST_LIMIT_MAXIMUM + 1):
        problem = problem_of(lambda value=refused: domain.parse_list_query(str(value), None))
        assert [p for p, _ in problem.errors] == ["/query/limit"]


def test_the_generated_constants_are_the_ones_under_test():
    """scripts/codegen-follow.test.ts sets CONTRACT_EXPECT_<NAME>=<value> for what it changed."""
    expected = {k.removeprefix("CONTRACT_EXPECT_"): v for k, v in os.environ.items() if k.startswith("CONTRACT_EXPECT_")}
    if not expected:
        pytest.skip("no CONTRACT_EXPECT_* variables: only scripts/codegen-follow.test.ts sets them")
    for name, value in expected.items():
        assert float(getattr(contract, name)) == float(value), name
