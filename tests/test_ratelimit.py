import pytest

from oms_domain import ratelimit as rl
from oms_domain.errors import DomainError


def bucket(**values):
    return rl.Bucket(**dict({"updated_at": 100.0}, **values))


def test_call_goes_when_points_are_there_and_takes_them():
    decision = rl.acquire(bucket(), 300, rl.PRIORITY_ORDERS, 100.0)
    assert decision.go
    assert decision.bucket.available == 1700


def test_call_waits_for_the_refill_at_the_documented_rate():
    empty = bucket(available=0)
    decision = rl.acquire(empty, 500, rl.PRIORITY_ORDERS, 100.0)
    assert not decision.go
    assert decision.wait == pytest.approx(5.0)  # 500 points at 100/s
    assert decision.bucket == empty
    assert rl.acquire(empty, 500, rl.PRIORITY_ORDERS, 105.0).go


def test_lower_priorities_leave_a_share_for_orders():
    half = bucket(available=1000)
    assert rl.acquire(half, 100, rl.PRIORITY_ORDERS, 100.0).go
    assert rl.acquire(half, 100, rl.PRIORITY_STOCK, 100.0).go
    catalogue = rl.acquire(half, 100, rl.PRIORITY_CATALOGUE, 100.0)
    assert not catalogue.go
    assert catalogue.wait == pytest.approx(1.0)  # needs 1,100 points
    with pytest.raises(DomainError):
        rl.acquire(half, 1, "whatever", 100.0)


def test_spending_never_exceeds_the_refill_rate():
    state, now, spent = bucket(available=0), 100.0, 0
    while now < 160.0:
        decision = rl.acquire(state, 50, rl.PRIORITY_ORDERS, now)
        if decision.go:
            state, spent = decision.bucket, spent + 50
        now += 0.1
    # 60 s at 100 points/s, starting from an empty bucket
    assert spent <= 60 * 100


def test_throttle_status_from_the_api_wins():
    state = rl.record_cost(
        bucket(),
        {
            "requestedQueryCost": 100,
            "actualQueryCost": 40,
            "throttleStatus": {
                "maximumAvailable": 1000.0,
                "currentlyAvailable": 960,
                "restoreRate": 50.0,
            },
        },
        101.0,
    )
    assert (state.maximum, state.available, state.restore_rate) == (1000, 960, 50)
    refunded = rl.record_cost(
        bucket(available=900), {"actualQueryCost": 40}, 100.0, requested=100
    )
    assert refunded.available == 960
    assert rl.record_cost(state, None, 200.0) == state


def test_retry_after_blocks_every_priority_until_then():
    state = rl.block(bucket(), 30, 100.0)
    decision = rl.acquire(state, 1, rl.PRIORITY_ORDERS, 110.0)
    assert decision.wait == pytest.approx(20.0)
    assert rl.acquire(state, 1, rl.PRIORITY_ORDERS, 131.0).go


def test_state_round_trips_through_a_dict_and_survives_garbage():
    state = bucket(available=12.5, blocked_until=3.0)
    assert rl.Bucket.from_dict(state.to_dict()) == state
    assert rl.Bucket.from_dict({"available": "x", "maximum": 50}).maximum == 50
    assert rl.Bucket.from_dict("nonsense") == rl.Bucket()


def test_query_dearer_than_the_bucket_waits_for_a_full_bucket():
    decision = rl.acquire(bucket(available=0), 5000, rl.PRIORITY_ORDERS, 100.0)
    assert decision.wait == pytest.approx(20.0)


def test_minimum_duration_is_the_physical_limit():
    assert rl.minimum_duration(12000, rl.Bucket()) == pytest.approx(100.0)
    assert rl.minimum_duration(100, rl.Bucket()) == 0
