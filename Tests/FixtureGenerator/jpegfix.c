// jpegfix: writes JPEG test images with exactly the features a fixture needs, through
// libjpeg-turbo, from raw interleaved pixels. Used by make_test_images.py only.
//
//   jpegfix -w W -h H -c 1|3|4 [-q Q] [-sample 444|422|420] [-progressive] [-manyscans]
//           [-arith] [-restart ROWS] [-jpeg-cs ycbcr|rgb|gray|cmyk|ycck] [-no-adobe]
//           [-exif FILE] [-icc FILE] [-optimize] IN.raw OUT.jpg

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

static unsigned char *slurp(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *data = malloc(size > 0 ? (size_t)size : 1);
    if (fread(data, 1, (size_t)size, file) != (size_t)size) { perror(path); exit(1); }
    fclose(file);
    *length = (size_t)size;
    return data;
}

// Every AC coefficient in its own scan, refined twice: a valid progression of 2 + 3*63*3 scans.
static void many_scans(struct jpeg_compress_struct *cinfo) {
    int count = 2 + cinfo->num_components * 63 * 3;
    jpeg_scan_info *scans = malloc(sizeof(jpeg_scan_info) * (size_t)count);
    int n = 0;
    scans[n] = (jpeg_scan_info){cinfo->num_components, {0, 1, 2, 3}, 0, 0, 0, 1};
    n++;
    scans[n] = (jpeg_scan_info){cinfo->num_components, {0, 1, 2, 3}, 0, 0, 1, 0};
    n++;
    int passes[3][2] = {{0, 2}, {2, 1}, {1, 0}};
    for (int pass = 0; pass < 3; pass++) {
        for (int c = 0; c < cinfo->num_components; c++) {
            for (int k = 1; k < 64; k++) {
                scans[n] = (jpeg_scan_info){1, {c}, k, k, passes[pass][0], passes[pass][1]};
                n++;
            }
        }
    }
    cinfo->scan_info = scans;
    cinfo->num_scans = n;
}

int main(int argc, char **argv) {
    int width = 0, height = 0, components = 3, quality = 90, restart_rows = 0;
    int progressive = 0, manyscans = 0, arith = 0, no_adobe = 0, optimize = 0;
    const char *sample = "420", *jpeg_cs = NULL, *exif_path = NULL, *icc_path = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-w")) width = atoi(argv[++i]);
        else if (!strcmp(a, "-h")) height = atoi(argv[++i]);
        else if (!strcmp(a, "-c")) components = atoi(argv[++i]);
        else if (!strcmp(a, "-q")) quality = atoi(argv[++i]);
        else if (!strcmp(a, "-sample")) sample = argv[++i];
        else if (!strcmp(a, "-progressive")) progressive = 1;
        else if (!strcmp(a, "-manyscans")) manyscans = 1;
        else if (!strcmp(a, "-arith")) arith = 1;
        else if (!strcmp(a, "-restart")) restart_rows = atoi(argv[++i]);
        else if (!strcmp(a, "-jpeg-cs")) jpeg_cs = argv[++i];
        else if (!strcmp(a, "-no-adobe")) no_adobe = 1;
        else if (!strcmp(a, "-exif")) exif_path = argv[++i];
        else if (!strcmp(a, "-icc")) icc_path = argv[++i];
        else if (!strcmp(a, "-optimize")) optimize = 1;
        else { fprintf(stderr, "unknown option %s\n", a); return 2; }
    }
    if (argc - i != 2 || width <= 0 || height <= 0) { fprintf(stderr, "usage: see source\n"); return 2; }
    size_t raw_length;
    unsigned char *raw = slurp(argv[i], &raw_length);
    if (raw_length != (size_t)width * height * components) { fprintf(stderr, "raw size mismatch\n"); return 1; }
    FILE *out = fopen(argv[i + 1], "wb");
    if (!out) { perror(argv[i + 1]); return 1; }

    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, out);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    if (jpeg_cs) {
        J_COLOR_SPACE cs = !strcmp(jpeg_cs, "rgb") ? JCS_RGB : !strcmp(jpeg_cs, "gray") ? JCS_GRAYSCALE
                         : !strcmp(jpeg_cs, "cmyk") ? JCS_CMYK : !strcmp(jpeg_cs, "ycck") ? JCS_YCCK : JCS_YCbCr;
        jpeg_set_colorspace(&cinfo, cs);
    }
    if (no_adobe) cinfo.write_Adobe_marker = FALSE;
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (cinfo.num_components >= 3) {
        int h = !strcmp(sample, "444") ? 1 : 2, v = !strcmp(sample, "420") ? 2 : 1;
        cinfo.comp_info[0].h_samp_factor = h;
        cinfo.comp_info[0].v_samp_factor = v;
        for (int c = 1; c < cinfo.num_components; c++) {
            cinfo.comp_info[c].h_samp_factor = 1;
            cinfo.comp_info[c].v_samp_factor = 1;
        }
        // A YCCK/CMYK K channel is sampled like luma.
        if (cinfo.num_components == 4) {
            cinfo.comp_info[3].h_samp_factor = h;
            cinfo.comp_info[3].v_samp_factor = v;
        }
    }
    if (progressive) jpeg_simple_progression(&cinfo);
    if (manyscans) many_scans(&cinfo);
    cinfo.arith_code = arith ? TRUE : FALSE;
    cinfo.optimize_coding = optimize ? TRUE : FALSE;
    cinfo.restart_in_rows = restart_rows;
    jpeg_start_compress(&cinfo, TRUE);
    if (exif_path) {
        size_t length;
        unsigned char *exif = slurp(exif_path, &length);
        unsigned char *marker = malloc(length + 6);
        memcpy(marker, "Exif\0\0", 6);
        memcpy(marker + 6, exif, length);
        jpeg_write_marker(&cinfo, JPEG_APP0 + 1, marker, (unsigned)(length + 6));
    }
    if (icc_path) {
        size_t length;
        unsigned char *icc = slurp(icc_path, &length);
        jpeg_write_icc_profile(&cinfo, icc, (unsigned)length);
    }
    size_t stride = (size_t)width * components;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = raw + cinfo.next_scanline * stride;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    fclose(out);
    return 0;
}
