#include "CProfileImageColour.h"

#include <lcms2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *message;
    size_t capacity;
} error_sink;

struct pik_colour_transform {
    cmsContext context;
    cmsHTRANSFORM transform;
    // For grey expanded to RGB(A): bytes a pixel, and the converted grey copied to G and B.
    int spread_grey;
    int pixel_bytes;
    // The context's user data: it lives as long as the context. It points at the caller's
    // message buffer only while pik_colour_transform_create runs; capacity 0 afterwards.
    error_sink sink;
};

// lcms reports through the context's handler, into the transform's own sink.
static void log_error(cmsContext context, cmsUInt32Number code, const char *text) {
    (void)code;
    error_sink *sink = cmsGetContextUserData(context);
    if (sink && sink->capacity > 0 && sink->message[0] == 0) {
        snprintf(sink->message, sink->capacity, "%s", text);
    }
}

static void fail(error_sink *sink, const char *text) {
    if (sink->capacity > 0 && sink->message[0] == 0) snprintf(sink->message, sink->capacity, "%s", text);
}

// Grey with sRGB's tone curve (IEC 61966-2.1) and a D50 white: what a grey output means to a viewer.
static cmsHPROFILE srgb_grey(cmsContext context) {
    cmsFloat64Number parameters[5] = {2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045};
    cmsToneCurve *curve = cmsBuildParametricToneCurve(context, 4, parameters);
    if (!curve) return NULL;
    cmsHPROFILE profile = cmsCreateGrayProfileTHR(context, cmsD50_xyY(), curve);
    cmsFreeToneCurve(curve);
    return profile;
}

pik_colour_transform *pik_colour_transform_create(const uint8_t *icc, size_t icc_length, pik_colour_layout layout,
                                                  char *message, size_t message_capacity) {
    error_sink outer = {message, message_capacity};
    if (message_capacity > 0) message[0] = 0;
    if (!icc || icc_length < 132 || icc_length > UINT32_MAX) {
        fail(&outer, "the profile is shorter than an ICC header and tag count");
        return NULL;
    }
    pik_colour_transform *result = calloc(1, sizeof *result);
    if (!result) {
        fail(&outer, "out of memory");
        return NULL;
    }
    result->sink = outer;
    error_sink *sink_pointer = &result->sink;
    cmsContext context = cmsCreateContext(NULL, sink_pointer);
    if (!context) {
        fail(sink_pointer, "out of memory");
        free(result);
        return NULL;
    }
    cmsSetLogErrorHandlerTHR(context, log_error);
    cmsHPROFILE input = cmsOpenProfileFromMemTHR(context, icc, (cmsUInt32Number)icc_length);
    cmsHPROFILE output = NULL;
    cmsHTRANSFORM transform = NULL;
    if (!input) {
        fail(sink_pointer, "Little CMS cannot read the profile");
        goto done;
    }
    cmsColorSpaceSignature space = cmsGetColorSpace(input);
    // No one-pixel cache: it is the only state cmsDoTransform writes, and without it one transform
    // may convert on several threads at once (lcms's documented condition).
    cmsUInt32Number input_format = 0, output_format = 0, flags = cmsFLAGS_BLACKPOINTCOMPENSATION | cmsFLAGS_NOCACHE;
    cmsColorSpaceSignature expected = cmsSigRgbData;
    switch (layout) {
    case PIK_COLOUR_GRAY:
        expected = cmsSigGrayData;
        input_format = TYPE_GRAY_8;
        output_format = TYPE_GRAY_8;
        break;
    case PIK_COLOUR_RGB:
        input_format = TYPE_RGB_8;
        output_format = TYPE_RGB_8;
        break;
    case PIK_COLOUR_RGBA:
        input_format = TYPE_RGBA_8;
        output_format = TYPE_RGBA_8;
        flags |= cmsFLAGS_COPY_ALPHA;
        break;
    case PIK_COLOUR_CMYK:
        expected = cmsSigCmykData;
        input_format = TYPE_CMYK_8;
        output_format = TYPE_RGB_8;
        break;
    case PIK_COLOUR_CMYK_INVERTED:
        expected = cmsSigCmykData;
        input_format = TYPE_CMYK_8_REV;
        output_format = TYPE_RGB_8;
        break;
    case PIK_COLOUR_GRAY_AS_RGB:
    case PIK_COLOUR_GRAY_AS_RGBA:
        // The grey is the first byte; the others ride along as extra channels, copied.
        expected = cmsSigGrayData;
        input_format = COLORSPACE_SH(PT_GRAY) | CHANNELS_SH(1) | BYTES_SH(1) |
                       EXTRA_SH(layout == PIK_COLOUR_GRAY_AS_RGB ? 2 : 3);
        output_format = input_format;
        flags |= cmsFLAGS_COPY_ALPHA;
        break;
    default:
        fail(sink_pointer, "unknown pixel layout");
        goto done;
    }
    if (space != expected) {
        fail(sink_pointer, "the profile's colour space does not match the pixels");
        goto done;
    }
    output = expected == cmsSigGrayData ? srgb_grey(context) : cmsCreate_sRGBProfileTHR(context);
    if (!output) {
        fail(sink_pointer, "out of memory");
        goto done;
    }
    transform = cmsCreateTransformTHR(context, input, input_format, output, output_format, INTENT_PERCEPTUAL, flags);
    if (!transform) fail(sink_pointer, "Little CMS cannot make a transform from the profile");
done:
    // The transform keeps what it needs from the profiles.
    if (input) cmsCloseProfile(input);
    if (output) cmsCloseProfile(output);
    if (!transform) {
        cmsDeleteContext(context);
        free(result);
        return NULL;
    }
    // Later messages (cmsDoTransform has none for 8-bit data) are dropped, not written to the
    // caller's buffer, which is gone by then.
    result->sink.capacity = 0;
    result->context = context;
    result->transform = transform;
    result->spread_grey = layout == PIK_COLOUR_GRAY_AS_RGB || layout == PIK_COLOUR_GRAY_AS_RGBA;
    result->pixel_bytes = layout == PIK_COLOUR_GRAY_AS_RGB ? 3 : 4;
    return result;
}

void pik_colour_transform_destroy(pik_colour_transform *transform) {
    if (!transform) return;
    cmsDeleteTransform(transform->transform);
    cmsDeleteContext(transform->context);
    free(transform);
}

void pik_colour_transform_apply(const pik_colour_transform *transform, const uint8_t *input, size_t input_stride,
                                uint8_t *output, size_t output_stride, uint32_t width, uint32_t height) {
    for (uint32_t row = 0; row < height; row++) {
        uint8_t *out = output + row * output_stride;
        cmsDoTransform(transform->transform, input + row * input_stride, out, width);
        if (transform->spread_grey) {
            for (uint32_t x = 0; x < width; x++, out += transform->pixel_bytes) out[1] = out[2] = out[0];
        }
    }
}

void pik_lcms_library_version(char *buffer, size_t capacity) {
    // The library loaded at run time, e.g. 2140 for 2.14.
    int version = cmsGetEncodedCMMversion();
    snprintf(buffer, capacity, "%d.%d", version / 1000, version / 10 % 100);
}
