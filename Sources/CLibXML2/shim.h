#ifndef KG_CLIBXML2_SHIM_H
#define KG_CLIBXML2_SHIM_H
/* libxml2's encoding.h pulls in the system ICU headers when LIBXML_ICU_ENABLED is set; they clash with
   Foundation's bundled ICU (_FoundationICU) in any Swift module that imports both. kg never touches the
   ICU members of xmlCharEncodingHandler (only pointers to it), so hiding them is safe. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

/// Swift cannot call the global function pointer `xmlFree` directly.
static inline void kg_xmlFree(void *p) { xmlFree(p); }

/// Silence libxml2's default printing of errors to stderr; callers collect errors themselves.
static void kg_xml_silent(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void kg_xmlSilenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, kg_xml_silent);
}
#endif
