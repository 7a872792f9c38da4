"½"; /*elbvt   dx	bgbsq *///j pclnaac ""
 
 /* h  x
c l 	v　sz sbt*/"¦"
// kskj
/*qykgzofpt﻿  */{//l　

 /**/ while/*bc　n lp  h ﻿s*//*p y ua  	y    
iv*/ ((((void (true))) //z nvl uqr  <</*b﻿ iuf*/ (true)))//
 //   ﻿
break
//m u nkga﻿z/*m*/ //  pd l ﻿ic
  function*/*lq t	 ep
gxk     j  */	async()/*kop*/ {//hb lsl﻿ cb oqz


// f hlns

 /* c　 u 
  s l
s lg  */""

 /*  a 
  u
y*/ /*　　toh 　gc   y 
*//* im u t 
hyu vz*/ /*q od	 c   　bgo*/// y﻿     amhdcmcl
  "5vH";/* plj  	jzx*/
//h  v　r  ﻿　lg  n　 /*sr x
k */ 
	/* vm */  "?W_Ïº"//u rxvhh  gzou h b
 /*b uvt b*/   
/*  rathsu g kz f*/try/*dx   g 　*/ { /*
r ouz  mv
*/  /*g agq
xx  */ /*
 gs
ymavaisl	lkva*///bkses  a
  /* fu tufcy   *///d s e g l   　ym 
switch//ke r t g   (2e308) // myca  po xgsvq　
{// r p   q　 




// rh    ydo 
 // hf  u    g  /*	ets 　 uau
*/ /*nr   
  *///ci r　 s  ﻿rgf /*  vj     x fp﻿jc  */  // dz t f te  icbxo /*rjntb﻿xy 	y  */  //l     yq 	i h gdefault: ///* m
 *//**/ //d 
  // bkdotolk  q//l  x	
 /*dd      i﻿*/ // q  qh  } // y﻿ m	b yl k k  s
/*bx g */

//

  /*re e
q q uz
nh i d g*/  //　p sh v
class// d /*p  l  gvx﻿*/ async/* 　lbe   ne*/ {}

/*l kztj*//*egd hr
t
  　bm   
  */

/* v 　	 cx　n m*/
//h  
// n u﻿q  uixg
//
//ar a switch//x jo o  ry	oqa  ﻿ ((2e308))　{}/*r  	c oh   dt
z
s */
/*	  mbp vh
f*///xaau schp 	de   rf


//rg /* c  q      c  uh g */ return//aj   	/* o i
   
 z*/
  //  
	} //ztp hkzyezrp
 catch/*i	 p*/　//y  ejad	a	bu  hy 
([])/* p q  r   yf ys x 	y*/ {}

//x  
 /* y	 　*//*	pmi c v

pjc */ /*d zb sucafofbt*/
 for
/* 　kxs  ﻿y﻿   l
kx */
(async //　lk   pc  tsnb /*o i	r    
n
*/in//  t　j anc 	 i (2e308) !=
//v a  ct　	i be

//  cg    xol  
 
/*lh s x   okta  a*/
{})//f y vrkg  k	e　/*　lm k xf    et*/ //ai uv vpqm 
break/*	 b    d xizpkc q*/
 /*	 ym﻿m x		*/ }//  f vn
/* 
jo
n*//* t n*/
//jh h   tm      gb vr
  for/*c  n  a 
 q q  p*/ (iybnt //o mub  si  　jx coin /**///fhj    n(([...(3852.69), /*j  　 　  v　*/2e308,/*qh ivokkvh 
tnn  */

,/*k  */ ]))) // z y  
//   s   mx 
for//　jtn 	d  ua﻿ap
 //zxn  m  ya
/* */(let
/*pekyfjj	 ﻿viy l  */
v// htq    zfp
 of//kymoi  umtgt d ((0x105BCFE3200000))) break
/*xx  z*///rxum q　ty xst /*x imh 

c*///n﻿n  
  ;({})/*
 

ii dy
l     u*/
//pskv　
//



//di u　vyz﻿

for//   y　g // /*e*/(async//xera
in// 　njpp yszv
// 　rhdo vo   i/*　 
zj
*/ class //c　chzl {
// ra  ceto  e dugmt

//y o l tp  x  
/* qep a*/ //yg 
/*x oldp peeybj yc*/   async/*v q		 　 fkl  */ [";Ò"]()/* omrfmhtr dydqz a*//*﻿ni*/ {}﻿/*fz*/ /*g sf d iz fp  b q
*/ // 　　ex    /*
ad﻿  ocz  emy	k*/ /*iabd*/ /*bx  i  dlnp r    *//*  t*/ static /*nc ftg
sb	thcs*///p q g  /*lk h*/async /* 	   oj i ba du hy */[(this)]()  //osblgg i cj mfeon
 {
/*jku oyynd
 usgq*//*hbo hxjn﻿  *///m

//ov　rk rjkh hxn  f
/*zfh 	   d h ca*/  
//ri﻿y   z   x
"use strict"
//  o bn dc//tt j ey  jtd 	n nu /*r﻿ o*///xzf
//o oel y byi　 hu
  }
/* xmlzdl nd ﻿　  rsh*/ /*	  evxh e*/    /*dts ab*/set /*c*/// km[(null)]//nrx  b	p 　h 
/**/ (k//u x
 = /*d n
﻿f z	a	c a */ 
(""))/* */ /*  oj   tc*/{/*ual y﻿*/// s gk   b  u k 
//d  mc eo　﻿k q	nj 


//ya k
// ﻿ vsml ulifpaz gp
  //a  yvh i 	xul u // 
 "" 
//rpm bkf	
//knz f  it hi  
  //﻿h  n y  　/*k sa uu   q o z  kv */ /*n﻿ s  mrv	z ks  */ // rza  lz  


	"D"  /* 	ag bco    fj*/  //car hf  szt
/* euuul j 
*/ // qxev  
 "\"/*zdhc﻿ nf i rgm g *//*l cac m*/ /*o d	q*/



// g
  /*d z　p	  　 e  c 	
 */"Ý"//m　 k  lz 

//l　c﻿   l//fsvqf igfpaz k dc /**/ //c
// y   /*u
tb n  h﻿qsl*/}
//bm xtrfye u  q  gpy
//zc  nujtjk﻿ x  //c e 　 ftls  ﻿  o
 get//uie ks l  g 
 [(eval)]()//vz  ﻿ 
 {/*  */  /*
bvv tz﻿on
b*/// vl  d mu﻿hf
/*s  　qad a zt	zo*/  /* isgb

zevgex  l x*///jk　lhm k  hdgxyvd
/*	  　voi hs pldo*/  "ú"
/*g
bsdalnryl*/  /* ﻿	 s*/  /* 
osrg 	o h  gu uo */
　//mxrxdutcdzuofjzi "use strict"
/*p jm    r  　sdy﻿k*/
// yg 　i f
/*
 x  l a 
g*///v mzxqe  t uhcb
/*oe    ta*///moeat ok
 //mqo	 	jy od﻿ft
 }/*i　j	jhi  ai   d*///g rm u

 /*n 
 ﻿﻿ib*///	b	 n 　	 qkh ih r k 
 /*pgf
q l*/	*[5.431594417896122e160]() /*s   e *//*ml  fom h sfjh   */{/*﻿j 
 g
s pg*/
 // pu j /*  vr z e
pmoa﻿*/  //  acj 
  "use strict"
//hv   p	 u   

/*	n c
n *///h  biho﻿ 　hb dca //s a  kgf	
   //f   p
}// a  qi//      ji  bm
/*  f sbck*/  /*x ixj*/})
/* */do/* y nm   en frmf*//* d 　 ppf gno tx
r */ {}//p p  x g e     
 while/*drfzj﻿qb
*/(({}))
//﻿mt 
// c
}/*u b  hjj  
　   g */
/*snn﻿h n   e
 gazo*/