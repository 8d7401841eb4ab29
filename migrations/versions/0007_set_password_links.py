"""people: a set-password link for users an admin creates (account_token purpose set_password)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:10:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD = "purpose IN ('invitation', 'colleague', 'confirm_email')"
NEW = "purpose IN ('invitation', 'colleague', 'confirm_email', 'set_password')"


def upgrade():
    # Only the CHECK constraint's list grows; existing rows keep their purposes.
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_account_token_purpose_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_account_token_purpose_valid"), NEW)


def downgrade():
    op.execute("DELETE FROM account_token WHERE purpose = 'set_password'")
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_account_token_purpose_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_account_token_purpose_valid"), OLD)
