from oms_domain import OmsStatus, derive_status


def test_draft_and_sent_orders_are_new():
    assert derive_status("draft") is OmsStatus.NEW
    assert derive_status("sent", ["assigned"]) is OmsStatus.NEW


def test_cancel_wins_over_exception():
    assert derive_status("cancel", has_exception=True) is OmsStatus.CANCELLED


def test_exception_wins_over_fulfilment():
    assert derive_status("sale", ["done"], has_exception=True) is OmsStatus.EXCEPTION


def test_fulfilment_states():
    assert derive_status("sale", ["assigned", "assigned"]) is OmsStatus.ALLOCATED
    assert derive_status("sale", ["confirmed"]) is OmsStatus.IN_FULFILMENT
    assert derive_status("sale", ["done", "assigned"]) is OmsStatus.IN_FULFILMENT
    assert derive_status("sale", ["done", "cancel"]) is OmsStatus.SHIPPED
    assert derive_status("sale", ["done"], delivered=True) is OmsStatus.DELIVERED


def test_service_only_order_is_allocated_once_confirmed():
    assert derive_status("sale", []) is OmsStatus.ALLOCATED
    assert derive_status("sale", ["cancel"]) is OmsStatus.ALLOCATED
