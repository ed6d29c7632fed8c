# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The raw payload moved from the intake to its history of received payloads."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'oms_order_intake' AND column_name = 'payload'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        INSERT INTO oms_order_intake_payload (
            intake_id, company_id, received_date, last_received_date,
            receive_count, payload, is_exact, size, sha256, normalized,
            create_uid, create_date, write_uid, write_date)
        SELECT intake.id, intake.company_id, intake.create_date, intake.write_date,
               1, intake.payload, true, octet_length(intake.payload),
               encode(sha256(convert_to(intake.payload, 'UTF8')), 'hex'),
               intake.normalized, intake.create_uid, intake.create_date,
               intake.write_uid, intake.write_date
          FROM oms_order_intake intake
         WHERE intake.payload IS NOT NULL
           AND NOT EXISTS (
               SELECT 1 FROM oms_order_intake_payload received
                WHERE received.intake_id = intake.id)
        """
    )
    cr.execute("ALTER TABLE oms_order_intake DROP COLUMN payload")
