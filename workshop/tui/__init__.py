"""The facilitator's terminal app (Textual): session picker, board, voting, measures, projector view."""
