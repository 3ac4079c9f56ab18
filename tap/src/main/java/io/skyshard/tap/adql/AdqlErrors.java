package io.skyshard.tap.adql;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;

/** ADQL errors that name the construct and, when the parser kept it, its line and column. */
final class AdqlErrors {
    private AdqlErrors() {
    }

    /** " at line L, column C" for a parsed node whose position is known, else "". */
    static String where(Object node) {
        if (node instanceof ASTNodeAccess access) {
            SimpleNode n = access.getASTNode();
            Token t = n == null ? null : n.jjtGetFirstToken();
            if (t != null && t.beginLine > 0) {
                return " at line " + t.beginLine + ", column " + t.beginColumn;
            }
        }
        return "";
    }

    /** The position of a parsed node in the ADQL text, or null when the parser did not keep it. */
    static org.apache.calcite.sql.parser.SqlParserPos position(Object node) {
        if (node instanceof ASTNodeAccess access) {
            SimpleNode n = access.getASTNode();
            Token t = n == null ? null : n.jjtGetFirstToken();
            if (t != null && t.beginLine > 0) {
                return new org.apache.calcite.sql.parser.SqlParserPos(t.beginLine, t.beginColumn);
            }
        }
        return null;
    }

    static SkyshardException unsupported(Object node, String what) {
        return new SkyshardException(TapErrorCode.ADQL_UNSUPPORTED, "Unsupported ADQL: " + what + where(node));
    }

    static SkyshardException error(TapErrorCode code, Object node, String message) {
        return new SkyshardException(code, message + where(node));
    }
}
