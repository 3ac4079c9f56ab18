<#--
  MySQL's binary operators that Calcite's grammar lacks, or gives another meaning ('||' is OR in
  MySQL). Each becomes an operator of io.skyshard.sql.parser.MySqlOperators with MySQL's precedence,
  so Calcite's expression builder (SqlParserUtil.toTree) nests them as MySQL does; the function
  rewriter later translates them for the backend.
-->

/** Parses one MySQL binary operator and its right operand inside an expression. */
void MySqlBinaryOperator(List<Object> list, ExprContext exprContext, Span s) :
{
    SqlOperator op;
}
{
    (
        <NULL_SAFE_EQUAL> { op = MySqlOperators.NULL_SAFE_EQUAL; }
    |   <DOUBLE_AMPERSAND> { op = SqlStdOperatorTable.AND; }
    |   <CONCAT> { op = SqlStdOperatorTable.OR; }
    |   <XOR> { op = MySqlOperators.XOR; }
    |   <DIV> { op = MySqlOperators.DIV; }
    |   <MOD> { op = SqlStdOperatorTable.PERCENT_REMAINDER; }
    |   <AMPERSAND> { op = MySqlOperators.BIT_AND; }
    |   <VERTICAL_BAR> { op = MySqlOperators.BIT_OR; }
    |   <CARET> { op = MySqlOperators.BIT_XOR; }
    |   <SHIFT_LEFT> { op = MySqlOperators.SHIFT_LEFT; }
    |   <SHIFT_RIGHT> { op = MySqlOperators.SHIFT_RIGHT; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/** Parses {@code ~x} (bit inversion) and {@code !x} (logical not) with the operand they bind to. */
SqlNode MySqlPrefixOperation() :
{
    final Span s;
    final SqlOperator op;
    final List<Object> operand = new ArrayList<Object>();
}
{
    (
        <TILDE> { op = MySqlOperators.BIT_NOT; }
    |   <BANG> { op = MySqlOperators.LOGICAL_NOT; }
    )
    { s = span(); }
    AddExpression2b(operand, ExprContext.ACCEPT_SUB_QUERY)
    {
        final SqlNode e = SqlParserUtil.toTree(operand);
        return op.createCall(s.end(e), e);
    }
}
